#pragma once

#include <stdexcept>
#include <string>

namespace fr2r {

// Every error the core raises on purpose; the job boundary (CLI, ui) turns it into a message.
class Error : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

// A model, weight, embedding or tokenizer file that cannot be used as it is.
class ModelFormatError : public Error
{
public:
    using Error::Error;
};

// Parameters that make no sense (negative strength, unknown TAC level, ...).
class InvalidArgumentError : public Error
{
public:
    using Error::Error;
};

// The device ran out of memory; the message says what to lower.
class OutOfMemoryError : public Error
{
public:
    using Error::Error;
};

// The user cancelled; nothing was written.
class Cancelled : public Error
{
public:
    Cancelled()
        : Error("cancelled")
    {
    }
};

} // namespace fr2r
