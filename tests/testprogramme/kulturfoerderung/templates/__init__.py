"""The test programme's Word templates (built by ``testprogramme.kulturfoerderung.make_templates``)."""
