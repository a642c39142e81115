"""Demo logins of the investment test programme."""
