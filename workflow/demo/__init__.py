"""Demo data written for this project: organisations of Baden-Württemberg and the logins every demo has.

Package data (UTF-8, comma-separated, header row); the Regierungsbezirke and
Kreise are reference data in ``workflow.reference``.

- ``users.csv``: one demo login per role (password "demo"), printed by
  ``foerderweg demo``.
- ``gemeinden.csv``: 95 real Gemeinden with their 8-digit Amtlicher
  Gemeindeschlüssel. One or more Gemeinden come from each of the 44 Kreise.
- ``einwohner.csv``: their inhabitants (reference data for programmes that use it).

Each programme package adds its own demo data (``DemoData``), e.g. the
Planungsrahmen of the VwV Integrationsmanagement.
"""
