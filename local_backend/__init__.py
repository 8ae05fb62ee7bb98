"""A local stand-in for the Sunnsteel backend (NestJS REST API) and Supabase Auth (GoTrue).

A separate Django project with its own SQLite database. The web app never imports it: it only
speaks HTTP to it, exactly as it speaks to production. See README.md in this package.
"""
