# workflows/*.json -> one tab-separated line per case type for intake.lua:
#   id <TAB> severities (comma-separated, may be empty) <TAB> inputs JSON variant 0 <TAB> ... variant 3
# Variant k sets bool fields to "true" only for k = 0 (a quarter of the cases), picks choice k mod n, and fills
# required date/text fields, so every body passes the type's own field rules.
def variant($k; $date):
  [ (.fields // [])[]
    | if .type == "bool" then {key: .id, value: (if $k == 0 then "true" else "false" end)}
      elif .type == "choice" and ((.choices // []) | length) > 0 then {key: .id, value: (.choices[$k % (.choices | length)] | if type == "object" then .value else . end)}
      elif .type == "date" and (.required // false) then {key: .id, value: $date}
      elif (.required // false) then {key: .id, value: (.default // "bench")}
      else empty end ]
  | from_entries | tojson;
[ .id, ((.severities // []) | join(",")) ] + [ range(0; 4) as $k | variant($k; $date) ] | join("\t")
