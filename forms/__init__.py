"""WTForms classes only: no routes, no database writes."""
