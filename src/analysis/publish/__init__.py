"""What reporters cite: the house style, figures, sentences and citable numbers, exported files and the site."""
