print("chronik-bench: not yet built")
