"""The lecture player's page as package data: ``index.html`` (the template), ``player.css``,
``player.js``; scenes/tools/player.py reads them with importlib.resources and inlines them
into videos/index.html, so the written page needs no other file."""
