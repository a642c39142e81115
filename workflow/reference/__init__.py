"""Reference data every installation needs (package data, UTF-8 CSV with a header row).

- ``regierungsbezirke.csv``: the four Regierungsbezirke (3-digit key) and the
  address of each Regierungspräsidium.
- ``kreise.csv``: the 44 Stadt- und Landkreise (35 Landkreise, 9 Stadtkreise)
  with their 5-digit Kreisschlüssel; the 3rd digit is the Regierungsbezirk.
"""
