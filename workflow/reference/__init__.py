"""Reference data every installation needs (package data, UTF-8 CSV with a header row).

- ``regierungsbezirke.csv``: the four Regierungsbezirke (3-digit key) and the
  address of each Regierungspräsidium.
- ``kreise.csv``: the 44 Stadt- und Landkreise (35 Landkreise, 9 Stadtkreise)
  with their 5-digit Kreisschlüssel; the 3rd digit is the Regierungsbezirk.
- ``gemeinden.csv``: all 1,101 Gemeinden with their 8-digit Amtlicher Gemeindeschlüssel
  (the Kreis is its first five digits) and their name without the official suffix
  („Böblingen“ for „Böblingen, Stadt“). Source: Statistisches Bundesamt (Destatis),
  Gemeindeverzeichnis-Informationssystem GV-ISys, Gebietsstand about 2020; licence
  Datenlizenz Deutschland – Namensnennung – Version 2.0 (dl-de/by-2-0). Loaded by
  ``foerderweg init``; a newer official file is read with ``foerderweg import-gemeinden``.
- ``basiszinssatz.csv`` (semicolon-separated, German dates and decimals): the
  Basiszinssatz of § 247 BGB for every half-year since 01.01.2002, as published
  by the Deutsche Bundesbank (§ 247 Abs. 2 BGB), with the Bundesanzeiger
  reference where one was found. Loaded by ``foerderweg init``; later rates
  are added with ``foerderweg basiszinssatz add``.
- ``common-passwords.txt.gz`` and ``deutsche-passwortwoerter.txt``: passwords
  and German words an attacker tries first (``workflow.security.passwords``).
"""
