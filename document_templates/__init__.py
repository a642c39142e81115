"""Word templates (.docx with Jinja tags), one folder per programme.

This folder is a package only so that the templates ship in the wheel and can
be found with ``importlib.resources`` wherever Förderweg is installed.
"""
