#include <string.h>
#include <unistd.h>

#include "input.h"

int cli_input_read(const char *path, size_t max_bytes, char **ret_data,
                   size_t *ret_len, struct precis_error *err)
{
        if (strcmp(path, "-") != 0)
                return precis_file_read(path, max_bytes, ret_data, ret_len,
                                        err);
        return precis_stream_read(STDIN_FILENO, max_bytes, ret_data, ret_len,
                                  err);
}
