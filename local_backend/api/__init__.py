"""The production backend's REST API under /api, one module per area."""
