"""The conversation about a complaint: public replies, private messages, support, contacts."""
