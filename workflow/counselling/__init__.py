"""The Integrationsplan: the integration managers' own tool for the persons they counsel.

A capability apart from the grant engine. Only the counselling organisation reads its persons' data
(``permissions.can_view_client`` and ``visible_clients``); personal fields are encrypted at rest
(``workflow.security.crypto``); every read and export is logged (``AccessLogEntry``). The engine depends on nothing here
except the anonymous figures of ``figures.key_figures`` and the sweep's reminder and retention step.
"""
