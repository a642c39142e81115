"""What leaves the system as files: CSV/XLSX exports (formula-safe), the audit export and backups."""
