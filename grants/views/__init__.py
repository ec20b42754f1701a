"""Staff pages for agreements and organisations (officers and finance write; every role reads)."""
