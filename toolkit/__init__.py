"""lamtheobac: run a yearly 'study and follow Hồ Chí Minh' plan on Excel workbooks."""

__version__ = "0.1.0"
