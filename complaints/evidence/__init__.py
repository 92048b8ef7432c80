"""Evidence: screenshots, letters and invoices attached to complaints (SPEC "Evidence")."""
