"""Outputs people read: dashboards, rating sheets, reports."""
