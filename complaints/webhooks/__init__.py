"""Webhooks: signed POSTs to a company's own systems when something happens to its complaints."""
