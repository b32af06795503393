"""Event coding: sentence classification, actors, and article-level event assembly."""
