"""The analysts' side: reconciliation checks, the review report and its CLI."""
