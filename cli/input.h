#ifndef PRECIS_CLI_INPUT_H
#define PRECIS_CLI_INPUT_H

#include <stddef.h>

#include <precis/doc.h>

/* Largest single input the one-shot commands accept (64 MiB). */
#define CLI_INPUT_MAX ((size_t) 64 << 20)

/* Read FILE, or standard input for "-", at most @max_bytes.  Same contract
 * as precis_file_read(). */
int cli_input_read(const char *path, size_t max_bytes, char **ret_data,
                   size_t *ret_len, struct precis_error *err);

#endif /* PRECIS_CLI_INPUT_H */
