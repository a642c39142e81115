"""Programmes that exist only for the tests; the engine never imports them (see ``EXTRA_PROGRAMMES`` in conftest)."""
