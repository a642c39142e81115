"""Demo logins of the test programme."""
