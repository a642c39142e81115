"""Reference data every installation needs (package data, UTF-8 CSV with a header row).

- ``regierungsbezirke.csv``: the four Regierungsbezirke (3-digit key) and the
  address of each Regierungspräsidium.
- ``kreise.csv``: the 44 Stadt- und Landkreise (35 Landkreise, 9 Stadtkreise)
  with their 5-digit Kreisschlüssel; the 3rd digit is the Regierungsbezirk.
- ``basiszinssatz.csv`` (semicolon-separated, German dates and decimals): the
  Basiszinssatz of § 247 BGB for every half-year since 01.01.2002, as published
  by the Deutsche Bundesbank (§ 247 Abs. 2 BGB), with the Bundesanzeiger
  reference where one was found. Loaded by ``foerderweg init``; later rates
  are added with ``foerderweg basiszinssatz add``.
- ``common-passwords.txt.gz`` and ``deutsche-passwortwoerter.txt``: passwords
  and German words an attacker tries first (``workflow.security.passwords``).
"""
