"""The letters: the context a Word template reads, rendering (docxtpl and the compiled fast path), the safety
of administrators' templates, PDF copies, the dossier and the summaries."""
