# paths.mk: the paths a user gives (DATA, MODELS, WORK, BIN, the row
# images' directory) are checked before anything runs. make takes a path
# as a word of its rules, and the pipeline's recipes as a word of their
# commands, unquoted: whitespace (a newline too) would split one path into
# two, and a glob or shell character (or make's own % and :) would make it
# name other files than the one meant, or run something. Such a path is
# refused, and so is a file under DATA so named (a browser's second
# download, "E0 (1).csv", or a name with spaces): it would be two words.

empty :=
space := $(empty) $(empty)
tab := $(empty)	$(empty)
define newline


endef
UNSAFE_PATH_CHARS := \ * ? [ ] { } ( ) < > ; & | ! ~ ` ' " $$ \# % :

# $(call check_path,VALUE,NAME): nothing, or make stops with an error.
unsafe_path = $(or $(findstring $(space),$(1)),$(findstring $(tab),$(1)),$(findstring $(newline),$(1)),$(strip \
	$(foreach c,$(UNSAFE_PATH_CHARS),$(findstring $(c),$(1)))))
check_path = $(if $(call unsafe_path,$(1)),$(error $(2)=$(1): a path with a space or \
	one of $(UNSAFE_PATH_CHARS) cannot be used: make and the pipeline's commands \
	would read it as other paths))

# The same characters as a find -path pattern, in single quotes, for the
# files under a directory: a quote is '"'"' in it, # escaped for make.
UNSAFE_PATH_PATTERN := '*[][[:space:]*?{}()<>;&|!~`"$$\#%:\\'"'"']*'
