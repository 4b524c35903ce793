#define GOOD_LEN 16
