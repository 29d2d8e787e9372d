from vlacli.cli.app import main

main()
