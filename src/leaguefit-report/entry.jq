# A registry line the index reads: an object whose league and model_type
# are strings and whose version, data and files, where it has them, are a
# string and objects, as registry-append writes them. Another one (a line
# damaged by hand: "files": "x") stopped the index, jq's error naming no
# line; it is skipped, and said.
def registry_entry:
    type == "object" and (.league | type) == "string" and (.model_type | type) == "string"
    and ((.version // "") | type) == "string" and ((.data // {}) | type) == "object"
    and ((.files // {}) | type) == "object";
