# Tidy scdoc's roff output so that `mandoc -T lint` has nothing to say:
# - drop the paragraph macros that do nothing (right after .TH/.SH/.SS,
#   right before a heading or the end, twice in a row); one that stands
#   before .RE moves after it, where it still separates the next item;
# - wrap text lines longer than 80 bytes at a space (roff joins them again;
#   never inside .nf/.fi, where line breaks are the content).
# Everything else passes through unchanged.
function emit(line,    cut, i) {
	while (!nofill && length(line) > 80) {
		cut = 0
		for (i = 80; i > 1; i--)
			if (substr(line, i, 1) == " " && substr(line, i - 1, 1) != "\\") {
				cut = i
				break
			}
		if (cut == 0)
			break
		print substr(line, 1, cut - 1)
		line = substr(line, cut + 1)
		if (line ~ /^[.']/)
			line = "\\&" line
	}
	print line
}
/^\.(P|PP)$/ {
	pending = 1
	next
}
/^\.(TH|SH|SS) / {
	pending = 0
	print
	after_heading = 1
	next
}
/^\.RE/ {
	print
	next
}
{
	if (pending && !after_heading)
		print ".P"
	pending = 0
	after_heading = 0
	if ($0 ~ /^\.nf/)
		nofill = 1
	else if ($0 ~ /^\.fi/)
		nofill = 0
	if ($0 ~ /^\./)
		print
	else
		emit($0)
}
