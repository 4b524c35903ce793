/* assembly stand-in */
