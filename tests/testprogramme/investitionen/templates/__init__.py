"""The investment test programme's Word templates (built by ``testprogramme.investitionen.make_templates``)."""
