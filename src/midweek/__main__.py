from midweek.cli.app import main

main()
