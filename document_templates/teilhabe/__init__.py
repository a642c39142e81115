"""Word templates of the VwV-Integration (Teilhabe, Elternbeteiligung), built by ``build_letters``."""
