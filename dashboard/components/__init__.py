"""Dashboard components of our own: plain HTML/JS, served from this folder, no build step."""
