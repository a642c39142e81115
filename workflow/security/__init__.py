"""Accounts and their protection: logins, passwords, second factor, encryption keys and the history's anchors."""
