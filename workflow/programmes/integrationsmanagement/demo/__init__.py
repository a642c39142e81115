"""Demo data of the VwV Integrationsmanagement.

- ``planungsrahmen.csv``: an invented demo amount in euro per Gemeinde of
  ``workflow/demo/gemeinden.csv``, not an official figure. It is roughly
  inhabitants x 0.9-1.2 % refugees in Anschlussunterbringung x 796 EUR, with
  some noise. 27 Gemeinden are below the 51,000.00 EUR threshold and 68 are
  above it.

Consortium groups. In each group the Gemeinden are in the same Kreis and
belong to the same Gemeindeverwaltungsverband. Each one is below
51,000.00 EUR on its own, and the group together is above it:

- Bodenseekreis, GVV Meersburg: Meersburg (08435036) 45,156.61 +
  Hagnau am Bodensee (08435018) 10,549.62 + Daisendorf (08435010) 11,904.86 +
  Stetten (08435054) 7,549.61 = 75,160.70
- Ostalbkreis, VG Rosenstein: Böbingen an der Rems (08136009) 37,536.78 +
  Mögglingen (08136043) 30,689.10 = 68,225.88. With Heuchlingen (08136029)
  13,600.73 and Bartholomä (08136007) 14,649.92 added: 96,476.53
- Rhein-Neckar-Kreis, GVV Waibstadt: Epfenbach (08226017) 18,184.59 +
  Neidenstein (08226058) 13,303.56 + Reichartshausen (08226066) 15,012.15 +
  Helmstadt-Bargen (08226106) 29,895.15 = 76,395.45
- Landkreis Tuttlingen, GVV Heuberg: Gosheim (08327019) 30,465.79 +
  Wehingen (08327051) 26,280.89 = 56,746.68. With Deilingen (08327009)
  14,552.23 and Bubsheim (08327007) 10,521.86 added: 81,820.77

Neukirch (08435042, 20,338.05) is also below the threshold. Its only
neighbour in the Bodenseekreis is Tettnang, which shares a
Verwaltungsgemeinschaft with it. Neukirch's other neighbours are in the
Landkreis Ravensburg. So Neukirch is the example of a small Gemeinde that
joins a consortium led by a larger town: Tettnang, Meckenbeuren and
Kressbronn am Bodensee are all in the data.
"""
