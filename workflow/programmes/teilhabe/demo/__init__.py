"""Demo logins of the VwV-Integration (Teilhabe, Elternbeteiligung)."""
