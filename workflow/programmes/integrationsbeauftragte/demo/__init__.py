"""Demo logins of the VwV Integrationsbeauftragte: Emmendingen (27,977 inhabitants, full tier) and Meckenbeuren
(13,639, lower tier) apply; ``pruefung.ib`` reviews this programme for every Kreis."""
