"""Scheduled scraper: fetch government disclosure pages, store new PDFs, extract them."""
