"""The printable handout's page as data files: handout.html (the template), handout.css and
ui.toml (its texts in zh and en), read by scenes/tools/handout.py."""
