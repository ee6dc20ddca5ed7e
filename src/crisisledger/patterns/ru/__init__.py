"""Russian lexicons (the `ru` language profile), kept as YAML like the English ones in the package above."""
