"""A topic's own mobjects, one module per topic named after it (``parts/self_attention.py`` serves
``scenes/self_attention.py``). Generic mobjects live in the kit; these know one lecture."""
