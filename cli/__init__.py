"""The command line (`pingyi`): a second thin front end over the same core as the chat."""
