"""The service layer's transport: one client for every call to the Sunnsteel backend."""
