"""Reading instances from files and mapping every problem to its place in the file."""
