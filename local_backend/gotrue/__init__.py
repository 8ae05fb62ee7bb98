"""A Supabase Auth (GoTrue) stand-in under /auth/v1, enough for the unmodified supabase-py client."""
