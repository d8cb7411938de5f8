from nerpipe.cli import main

main()
