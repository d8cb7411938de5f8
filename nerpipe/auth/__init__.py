"""Users, logins and who may do what on which case.

roles.py: the three roles and what each allows; passwords.py and tokens.py: how secrets are kept
(argon2 for passwords, SHA-256 for random tokens); login.py: logging in and out, sessions and API
tokens, failed logins rate-limited; access.py: a user's view of the store, which refuses every
case the user is not a member of; first_admin.py: the first admin on first start.
"""
