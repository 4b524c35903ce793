#define DEBUG
